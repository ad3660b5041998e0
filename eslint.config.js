// Lint: typescript-eslint's recommended rules, plus the project's architecture as rules:
// the pure core (fingerprint/, verdict/, render/) never touches sockets, and nothing calls process.exit.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = ['node:net', 'node:tls', 'node:dgram', 'node:dns', 'node:http', 'node:https', 'undici', 'net', 'tls', 'dgram', 'dns'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', performance: 'readonly', Buffer: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', queueMicrotask: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Set process.exitCode and let the event loop drain.' }],
    },
  },
  {
    files: ['src/fingerprint/**', 'src/verdict/**', 'src/render/**'],
    ignores: ['src/render/spinner.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ioModules.map((name) => ({ name, message: 'Pure modules take plain data; do I/O in dns/, probe/ or run/.' })) }],
    },
  },
  {
    files: ['scripts/**', 'bin/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
