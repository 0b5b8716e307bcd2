import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { preprocess } from '../src/domain/preprocess.js';
import { freshState, item, itemUpsert, now, rules, search } from './support.js';

type State = ReturnType<typeof freshState>;

function brandsOfSearch(state: State, eventId: string, query: string): string[] {
  const result = preprocess([search(eventId, query)], rules, state, now);
  result.commit();
  const text = result.texts.find((t) => t.textId === eventId)!;
  return text.entities.filter((e) => e.kind === 'brand').map((e) => e.normalized);
}

test('a remembered query is cleaned again once an item_upsert or the catalog feed teaches its brand', () => {
  const state = freshState();
  assert.deepEqual(brandsOfSearch(state, 's1', '星河纪散粉'), [], 'the brand is not known yet');
  assert.deepEqual(brandsOfSearch(state, 's2', '星河纪散粉'), [], 'remembered, still unknown');

  preprocess([itemUpsert('up1')], rules, state, now).commit();
  assert.deepEqual(brandsOfSearch(state, 's3', '星河纪散粉'), ['星河纪']);

  assert.deepEqual(brandsOfSearch(state, 's4', '月光石口红'), []);
  state.learnItems([item('i-00002', { brand: '月光石', title: '月光石 丝绒口红', categoryPath: ['美妆', '口红'] })]);
  assert.deepEqual(brandsOfSearch(state, 's5', '月光石口红'), ['月光石']);
});
