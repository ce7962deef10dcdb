// Which strategies to compare, by plain names. Each one costs replay time, so a person can leave some out.
import type { BacktestStrategy } from '../../../shared/contract'
import { ErrorText } from '../Feedback'
import { ALL_STRATEGIES, STRATEGY_HINT, STRATEGY_LABEL } from './strategies'

export function StrategyChoice({ chosen, onChange, error }: { chosen: BacktestStrategy[]; onChange: (next: BacktestStrategy[]) => void; error?: string }) {
  const toggle = (name: BacktestStrategy, on: boolean) => onChange(ALL_STRATEGIES.filter((n) => (n === name ? on : chosen.includes(n))))
  return (
    <fieldset className="fieldset" data-testid="backtest-strategies">
      <legend>Compare</legend>
      <div className="backtest-strategies">
        {ALL_STRATEGIES.map((name) => (
          <label key={name} className="check">
            <input type="checkbox" checked={chosen.includes(name)} onChange={(e) => toggle(name, e.target.checked)} data-testid={`backtest-strategy-${name}`} />
            <span>
              {STRATEGY_LABEL[name]}
              <span className="field-hint block">{STRATEGY_HINT[name]}</span>
            </span>
          </label>
        ))}
      </div>
      <ErrorText message={error} />
    </fieldset>
  )
}
