import { useState } from 'preact/hooks';
import { ApiError, query, request } from '../api';
import { Status } from '../components/status';
import { formatCount, formatKpi, formatMoney } from '../format';
import type { Range } from '../range';
import { dayIn } from '../range';
import type { Campaigns } from '../types';
import { useApi } from '../use-api';

function SpendForm(props: {
  currency: string;
  campaigns: readonly string[];
  tz: string;
  onSaved: () => void;
}) {
  const [campaign, setCampaign] = useState(props.campaigns[0] ?? '');
  const [date, setDate] = useState(dayIn(props.tz));
  const [amount, setAmount] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setMessage(null);
    try {
      await request('PUT', `/v1/campaigns/${encodeURIComponent(campaign.trim())}/spend`, {
        date,
        amount: Number(amount),
        currency: props.currency,
      });
      setMessage({
        ok: true,
        text: `Saved ${formatMoney(Number(amount), props.currency)} for ${campaign} on ${date}.`,
      });
      setAmount('');
      props.onSaved();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : 'The server did not answer.' });
    }
  };
  return (
    <form class="card spend" onSubmit={submit} aria-labelledby="spend-heading">
      <h2 id="spend-heading">Enter ad spend</h2>
      <p class="muted">
        The amount spent on a campaign on one day; a new amount for the same day replaces it.
      </p>
      <div class="row">
        <div class="field">
          <label for="spend-campaign">Campaign or entry point</label>
          <input
            id="spend-campaign"
            list="campaign-names"
            value={campaign}
            onInput={(e) => setCampaign(e.currentTarget.value)}
            required
            maxLength={200}
          />
          <datalist id="campaign-names">
            {props.campaigns.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for="spend-date">Day</label>
          <input
            id="spend-date"
            type="date"
            value={date}
            onInput={(e) => setDate(e.currentTarget.value)}
            required
          />
        </div>
        <div class="field">
          <label for="spend-amount">Amount ({props.currency})</label>
          <input
            id="spend-amount"
            type="number"
            inputMode="decimal"
            min="0"
            step="0.01"
            value={amount}
            onInput={(e) => setAmount(e.currentTarget.value)}
            required
          />
        </div>
        <button type="submit" class="primary">
          Save spend
        </button>
      </div>
      {message && (
        <p class={message.ok ? 'ok' : 'alert'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

/** Spend, conversions, value, cost per conversion and ROAS per campaign, and the spend form. */
export function CampaignsPage(props: { range: Range }) {
  const [nonce, setNonce] = useState(0);
  const r = props.range;
  const campaigns = useApi<Campaigns>(`/v1/campaigns${query({ from: r.from, to: r.to, tz: r.tz })}`, nonce);
  return (
    <Status loaded={campaigns} label="the campaigns">
      {(data) => (
        <>
          <section class="card" aria-labelledby="campaigns-heading">
            <h2 id="campaigns-heading">Campaigns and entry points</h2>
            <div class="table-wrap">
              <table class="numbers">
                <thead>
                  <tr>
                    <th scope="col">Campaign</th>
                    <th scope="col">Referrals</th>
                    <th scope="col">Users</th>
                    <th scope="col">Conversions</th>
                    <th scope="col">Value</th>
                    <th scope="col">Spend</th>
                    <th scope="col">Cost / conversion</th>
                    <th scope="col">ROAS</th>
                  </tr>
                </thead>
                <tbody>
                  {data.campaigns.map((c) => (
                    <tr key={c.campaign} data-campaign={c.campaign}>
                      <th scope="row">{c.campaign}</th>
                      <td>{formatCount(c.referrals)}</td>
                      <td>{formatCount(c.users)}</td>
                      <td>{formatCount(c.conversions)}</td>
                      <td>{formatMoney(c.conversionValue, data.currency)}</td>
                      <td>{formatMoney(c.spend, data.currency)}</td>
                      <td>{formatKpi('currency', c.costPerConversion.value, data.currency)}</td>
                      <td>{formatKpi('times', c.roas.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.campaigns.length === 0 && <p class="muted">No campaign brought anyone in this range.</p>}
          </section>
          <SpendForm
            currency={data.currency}
            campaigns={data.campaigns.map((c) => c.campaign)}
            tz={r.tz}
            onSaved={() => setNonce(nonce + 1)}
          />
        </>
      )}
    </Status>
  );
}
