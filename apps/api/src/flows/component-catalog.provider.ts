import type { Provider } from '@nestjs/common';
import { componentCatalog } from '@weft/components';

export const COMPONENT_CATALOG = Symbol('COMPONENT_CATALOG');

/** The components flows may use: the built-in ones, which every Weft worker registers. */
export const componentCatalogProvider: Provider = { provide: COMPONENT_CATALOG, useFactory: () => componentCatalog() };
