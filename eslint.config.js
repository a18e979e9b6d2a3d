// The JavaScript linter's rules: ESLint's recommended set over every module of the project, with
// the globals each place runs with (the browser for the widget, Node for the tests and tools).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['**/node_modules/', 'target/', 'dist/', 'fuzz/', 'www/pkg/', 'www/sousuo.min.js', 'bench/work/', 'bench/results/', 'tests/corpora/'] },
  js.configs.recommended,
  {
    files: ['www/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['www/sw.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.serviceworker } },
  },
  {
    files: ['tests/**/*.mjs', 'bench/**/*.mjs', 'bench/**/*.js', 'tools/**/*.mjs', 'npm/**/*.js', 'eslint.config.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
  },
];
