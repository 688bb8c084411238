export * from '../../src/cli/fake-graph-api';
