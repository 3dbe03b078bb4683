/**
 * The light module's names are the ones the working modules use: the help text cannot drift from
 * what the commands accept.
 */
import { describe, expect, it } from 'vitest';
import { recommenderKinds } from '@shopper-spectrum/recommend';
import { CLUSTERER_NAMES, DEFAULT_MODELS, EXIT, EXIT_HELP, MODEL_NAMES } from '../src/cliConstants.js';
import * as errors from '../src/errors.js';
import * as shared from '../src/cliShared.js';
import * as recommenders from '../src/recommenders.js';
import { CLUSTERERS } from '../src/segmentation.js';

describe('the CLI constants', () => {
  it('name exactly the clusterers segmentation maps, in the help order', () => {
    expect(Object.keys(CLUSTERERS)).toEqual([...CLUSTERER_NAMES]);
  });

  it('name built-in recommender kinds of the registry, the defaults among them', () => {
    const kinds = recommenderKinds();
    for (const name of MODEL_NAMES) expect(kinds).toContain(name);
    for (const name of DEFAULT_MODELS) expect(MODEL_NAMES).toContain(name);
    expect(recommenders.MODEL_NAMES).toBe(MODEL_NAMES);
    expect(recommenders.DEFAULT_MODELS).toBe(DEFAULT_MODELS);
  });

  it('are the exit codes and help errors.ts and cliShared.ts give (one definition)', () => {
    expect(errors.EXIT).toBe(EXIT);
    expect(shared.EXIT_HELP).toBe(EXIT_HELP);
  });

  it('give every exit code a line of the help', () => {
    for (const code of Object.values(EXIT)) expect(EXIT_HELP).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
  });
});
