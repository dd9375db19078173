import type { Routing, RoutingRule } from '../../lib/domain/definition';
import { can, type User } from '../../lib/domain/user';
import { fill } from '../review/strings';
import { GroupError, LinesField, Row, SelectField } from './fields';
import type { EditorStrings } from './strings';

type RuleField = RoutingRule['field'];
type Mode = Routing['mode'];

/**
 * One stage's routing: how the server assigns a handoff sent to a queue (see
 * server/src/mutations/routing.ts). Rules name a user; only people who can take handoffs are offered.
 */
export function RoutingEditor({
  path,
  routing,
  users,
  s,
  onChange,
}: {
  /** e.g. `stages.0.routing` */
  path: string;
  routing: Routing;
  users: readonly User[];
  s: EditorStrings;
  onChange: (next: Routing) => void;
}) {
  const assignees = users.filter((u) => can.decideHandoff(u.role));
  const fields: { value: RuleField; label: string }[] = [
    { value: 'region', label: s.routingRegion },
    { value: 'country', label: s.routingCountry },
    { value: 'industry', label: s.routingIndustry },
    { value: 'employeeBand', label: s.routingSize },
  ];
  const setMode = (mode: Mode) => {
    if (mode === routing.mode) return;
    onChange(mode === 'rules' ? { mode, rules: [], fallback: 'round_robin' } : { mode });
  };
  const rules = routing.mode === 'rules' ? routing.rules : [];
  const setRules = (next: RoutingRule[]) => routing.mode === 'rules' && onChange({ ...routing, rules: next });
  const setRule = (j: number, patch: Partial<RoutingRule>) => setRules(rules.map((r, k) => (k === j ? { ...r, ...patch } : r)));
  const assigneeOptions = (current: string) => {
    const options = assignees.map((u) => ({ value: u.id, label: `${u.name} (${u.role})` }));
    // Keep a rule's assignee visible even when the replica does not know them (the error says why).
    return options.some((o) => o.value === current) || !current ? options : [{ value: current, label: fill(s.routingUnknownUser, { id: current }) }, ...options];
  };

  return (
    <div className="routing">
      <h4>{s.routing}</h4>
      <SelectField
        path={`${path}.mode`}
        label={s.routingMode}
        value={routing.mode}
        options={[
          { value: 'manual' as const, label: s.routingManual },
          { value: 'round_robin' as const, label: s.routingRoundRobin },
          { value: 'rules' as const, label: s.routingRules },
        ]}
        onChange={setMode}
      />
      {routing.mode === 'rules' ? (
        <>
          <p className="note">{s.routingRulesNote}</p>
          <GroupError path={`${path}.rules`} />
          {rules.map((rule, j) => (
            <Row key={j} removeLabel={`${s.remove}: ${fill(s.routingRule, { n: j + 1 })}`} onRemove={() => setRules(rules.filter((_, k) => k !== j))}>
              <SelectField path={`${path}.rules.${j}.field`} label={s.routingField} value={rule.field} options={fields} onChange={(field) => setRule(j, { field })} />
              <LinesField path={`${path}.rules.${j}.values`} label={s.routingValues} value={rule.values} onChange={(values) => setRule(j, { values })} />
              <SelectField path={`${path}.rules.${j}.assignTo`} label={s.routingAssignTo} value={rule.assignTo} options={assigneeOptions(rule.assignTo)} onChange={(assignTo) => setRule(j, { assignTo })} />
            </Row>
          ))}
          <p>
            <button type="button" disabled={assignees.length === 0} aria-describedby={assignees.length === 0 ? `${path}-nobody` : undefined} onClick={() => setRules([...rules, { field: 'region', values: [''], assignTo: assignees[0]!.id }])}>
              {s.routingAddRule}
            </button>
          </p>
          {assignees.length === 0 ? (
            <p id={`${path}-nobody`} className="note">
              {s.routingNobody}
            </p>
          ) : null}
          <SelectField
            path={`${path}.fallback`}
            label={s.routingFallback}
            value={routing.fallback}
            options={[
              { value: 'round_robin' as const, label: s.routingFallbackRoundRobin },
              { value: 'manual' as const, label: s.routingFallbackManual },
            ]}
            onChange={(fallback) => onChange({ ...routing, fallback })}
          />
        </>
      ) : null}
    </div>
  );
}
