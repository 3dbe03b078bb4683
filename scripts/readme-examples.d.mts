/** Types of scripts/readme-examples.mjs (see there). */
export interface ReadmeExample {
  readonly code: string;
  readonly expected: string;
  readonly line: number;
  readonly lang: string;
}
export interface ReadmeFailure {
  readonly line: number;
  readonly expected: string;
  readonly actual: string;
  readonly stderr: string;
}
export interface RunOptions {
  readonly cwd?: string;
  readonly runner?: 'tsx' | 'node-strip';
  readonly env?: Record<string, string>;
  readonly conditions?: string[];
  readonly timeoutMs?: number;
}
export function extractExamples(markdown: string): ReadmeExample[];
export function runExample(example: ReadmeExample, options: RunOptions & { readonly cwd: string }): { stdout: string; stderr: string; status: number | null };
export function checkReadme(readmePath: string, options?: RunOptions): { examples: number; failures: ReadmeFailure[] };
export function describeFailure(readmePath: string, failure: ReadmeFailure): string;
