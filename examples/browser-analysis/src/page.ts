/** The page: analyse the file the user picks (or the bundled sample) and print the report. */
import { analyse } from './analysis.js';

const output = document.querySelector<HTMLPreElement>('#output')!;
const run = async (source: Blob, label: string) => {
  output.textContent = `analysing ${label}...`;
  const started = performance.now();
  try {
    const lines = await analyse(source, (document.querySelector<HTMLInputElement>('#cutoff')!.value || '2011-11-01'));
    output.textContent = lines.join('\n');
    output.dataset.done = 'true';
    document.querySelector('#took')!.textContent = `${((performance.now() - started) / 1000).toFixed(2)} s in this tab`;
  } catch (error) {
    // library errors carry a code and what is allowed
    const e = error as { code?: string; message?: string };
    output.textContent = `Error ${e.code ?? ''}: ${e.message ?? String(error)}`;
    output.dataset.done = 'error';
  }
};
document.querySelector<HTMLInputElement>('#file')!.addEventListener('change', (ev) => {
  const file = (ev.target as HTMLInputElement).files?.[0];
  if (file) void run(file, file.name);
});
document.querySelector('#sample')!.addEventListener('click', async () => {
  const response = await fetch('sample.csv.gz');
  await run(await response.blob(), 'the sample');
});
