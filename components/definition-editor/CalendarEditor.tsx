import { useMemo } from 'react';
import type { BusinessCalendar } from '../../lib/domain/definition';
import { browserTimeZone, timeZones } from '../../lib/ui/time-zones';
import { CheckField, GroupError, SelectField, TimeField } from './fields';
import type { EditorStrings } from './strings';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * The business calendar SLA clocks count in, for stages set to business hours only: working days,
 * the working day's hours, the time zone, and the public holidays to skip.
 */
export function CalendarEditor({ calendar, s, onChange }: { calendar: BusinessCalendar; s: EditorStrings; onChange: (next: BusinessCalendar) => void }) {
  const zones = useMemo(() => timeZones(calendar.timezone, browserTimeZone()), [calendar.timezone]);
  const toggleDay = (day: number, on: boolean) => onChange({ ...calendar, workdays: on ? [...new Set([...calendar.workdays, day])].sort((a, b) => a - b) : calendar.workdays.filter((d) => d !== day) });
  return (
    <section aria-labelledby="calendar-h">
      <h3 id="calendar-h">{s.calendar}</h3>
      <p className="note">{s.calendarNote}</p>
      <GroupError path="calendar" />
      <fieldset className="weekdays">
        <legend>{s.workdays}</legend>
        <GroupError path="calendar.workdays" />
        {WEEKDAYS.map((day) => (
          <CheckField key={day} path={`calendar.workdays.${day}`} label={s.weekdayNames[day - 1]!} checked={calendar.workdays.includes(day)} onChange={(on) => toggleDay(day, on)} />
        ))}
      </fieldset>
      <TimeField path="calendar.start" label={s.dayStart} value={calendar.start} onChange={(start) => onChange({ ...calendar, start })} />
      <TimeField path="calendar.end" label={s.dayEnd} value={calendar.end} onChange={(end) => onChange({ ...calendar, end })} />
      <SelectField path="calendar.timezone" label={s.timeZone} value={calendar.timezone} options={zones.map((z) => ({ value: z, label: z }))} onChange={(timezone) => onChange({ ...calendar, timezone })} />
      <SelectField
        path="calendar.holidays"
        label={s.holidays}
        value={calendar.holidays}
        options={[
          { value: 'jp' as const, label: s.holidaysJp },
          { value: 'none' as const, label: s.holidaysNone },
        ]}
        onChange={(holidays) => onChange({ ...calendar, holidays })}
      />
    </section>
  );
}
