import type { Reader } from '../../wire';

/** keyType 0 = group, 1 = transaction. */
export interface FindCoordinatorRequest {
  key: string;
  keyType: number;
}

export function decodeFindCoordinatorRequest(r: Reader): FindCoordinatorRequest {
  return { key: r.string(), keyType: r.int8() };
}
