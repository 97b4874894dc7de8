/**
 * cloud-config's `Global.routeTableIDs`, checked before anything is called with it. The CCM splits the string on
 * commas after trimming only the whole string (cloud-provider-alibaba-cloud `pkg/config/cloud_config.go` L83,
 * `pkg/controller/route/manager.go` L79-80), so " vtb-b" or an empty piece is an id it will fail on, as is
 * anything that is not a route table id. The count is capped: each id costs a paged read.
 */
import { graphemePrefix } from '../util/truncate';

/** A VPC route table id: `vtb-` and lower-case letters and digits (VPC ids are 22-24 of them today). */
export const ROUTE_TABLE_ID_PATTERN = /^vtb-[a-z0-9]{1,64}$/;

/** More route tables than the VPC quota allows anyone to configure (UNVERIFIED: the default quota is far lower). */
export const MAX_ROUTE_TABLE_IDS = 50;

export interface RouteTableIds {
  /** Valid ids, first occurrence kept, at most MAX_ROUTE_TABLE_IDS. */
  ids: string[];
  /** Pieces that are not route table ids (how many, and the first few, shortened). */
  invalid: { count: number; samples: string[] };
  /** Valid ids beyond the cap, not read. */
  overCap: number;
}

/** Splits and vets `routeTableIDs` as the CCM would read it. */
export function routeTableIdsOf(raw: string | undefined, max = MAX_ROUTE_TABLE_IDS): RouteTableIds {
  const out: RouteTableIds = { ids: [], invalid: { count: 0, samples: [] }, overCap: 0 };
  const whole = (raw ?? '').trim();
  if (whole === '') return out;
  const seen = new Set<string>();
  for (const piece of whole.split(',')) {
    if (!ROUTE_TABLE_ID_PATTERN.test(piece)) {
      out.invalid.count += 1;
      if (out.invalid.samples.length < 3) out.invalid.samples.push(piece.length > 40 ? `${graphemePrefix(piece, 40)}…` : piece);
    } else if (!seen.has(piece)) {
      seen.add(piece);
      if (out.ids.length < max) out.ids.push(piece);
      else out.overCap += 1;
    }
  }
  return out;
}
