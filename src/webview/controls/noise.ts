/** "Gradient noise" (plain expressions): σ (0 = off) and the number of seeds, posted as `config.noise`. */
import { el } from '../dom';
import { LIMITS } from '../../core/limits';
import type { SectionContext } from './context';
import { numberField, section } from './fields';
import { checkSeeds, checkSigma, NOISE_HINT, withSigma } from './values';

export function noiseSection(ctx: SectionContext): HTMLElement {
  const mem = ctx.memory;
  if (ctx.draft.noise) mem.lastSeeds = ctx.draft.noise.seeds;
  const sigma = ctx.fields.add(
    numberField({
      key: 'noise:sigma',
      field: 'noise.sigma',
      label: 'σ (0 = off)',
      title: 'Standard deviation of the Gaussian noise added to every gradient component; 0 (or empty) turns the noise off',
      optional: true,
      get: () => ctx.draft.noise?.sigma ?? 0,
      set: v =>
        ctx.edit(c => {
          const noise = withSigma(c.noise, v, mem.lastSeeds);
          if (noise) c.noise = noise;
          else delete c.noise;
        }),
      validate: checkSigma,
    }),
  );
  const seeds = ctx.fields.add(
    numberField({
      key: 'noise:seeds',
      field: 'noise.seeds',
      label: 'seeds',
      title: `Independent noise draws run at once (1 to ${LIMITS.maxSeeds}); the loss chart shows their mean and min–max band`,
      integer: true,
      get: () => ctx.draft.noise?.seeds ?? mem.lastSeeds,
      set: v => {
        if (v === undefined) return;
        mem.lastSeeds = v;
        if (ctx.draft.noise) ctx.edit(c => (c.noise = { sigma: c.noise?.sigma ?? 0, seeds: v }));
      },
      validate: checkSeeds,
    }),
  );
  // Seeds only matter with noise on: the field is off (showing the count that σ > 0 will use) at σ = 0.
  const syncSeeds = () => seeds.setDisabled(!ctx.draft.noise);
  ctx.fields.onSync(syncSeeds);
  sigma.input.addEventListener('input', syncSeeds);
  return section('Gradient noise', [sigma.row, seeds.row, el('p', { class: 'ol-hint ol-noise-hint', text: NOISE_HINT })], 'ol-noise');
}
