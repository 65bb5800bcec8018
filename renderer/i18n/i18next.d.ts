// Typed keys: t('player:play') with a key missing from the English JSON is a compile error.
import 'i18next';
import type { en } from './resources';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof en;
  }
}
