import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from '@jest/globals';
import { loadForecasterConfig } from '../src/config.js';

const base = { ANALYTICS_DATA_DIR: '/tmp/unused', FORECAST_REFRESH_MS: '0' };

test('FORECAST_CALENDAR: a JSON array or a file holding one, each day checked', () => {
  assert.deepEqual(loadForecasterConfig(base).env.FORECAST_CALENDAR, []);
  const days = [
    { date: '2026-11-11', kind: 'promotion', name: '双11' },
    { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
  ];
  assert.deepEqual(
    loadForecasterConfig({ ...base, FORECAST_CALENDAR: JSON.stringify(days) }).env.FORECAST_CALENDAR,
    days,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'forecaster-calendar-'));
  try {
    const file = path.join(dir, 'calendar.json');
    writeFileSync(file, JSON.stringify(days));
    assert.deepEqual(loadForecasterConfig({ ...base, FORECAST_CALENDAR: file }).env.FORECAST_CALENDAR, days);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const bad = (calendar: unknown[]) => () =>
    loadForecasterConfig({ ...base, FORECAST_CALENDAR: JSON.stringify(calendar) });
  assert.throws(bad([{ date: '2026-13-45', kind: 'promotion', name: 'x' }]), /FORECAST_CALENDAR/);
  assert.throws(bad([{ date: '2026-11-11', kind: 'sale', name: 'x' }]), /FORECAST_CALENDAR/);
  assert.throws(bad([{ date: '2026-11-11', kind: 'promotion', name: '' }]), /FORECAST_CALENDAR/);
  assert.throws(
    () => loadForecasterConfig({ ...base, FORECAST_CALENDAR: '/no/such/calendar.json' }),
    /FORECAST_CALENDAR/,
  );
});
