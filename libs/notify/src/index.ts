export * from './matching';
export * from './html';
export * from './headers';
export * from './time';
export * from './render';
export * from './tokens';
export * from './retry';
export * from './digest';
