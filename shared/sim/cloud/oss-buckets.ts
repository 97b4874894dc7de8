/** The objects an OSS simulator holds: buckets by name, each in one region; kept outside a server so it outlives one scenario. */
import { createHash } from 'node:crypto';

export interface OssObject {
  body: Buffer;
  contentType: string;
  /** `"<MD5 in upper-case hex>"`, as OSS answers for a simple upload. */
  etag: string;
  lastModified: Date;
}

/** Buckets and their objects, in memory. A test shares one between the simulators of successive scenarios. */
export class OssBuckets {
  private readonly buckets = new Map<string, { region: string; objects: Map<string, OssObject> }>();

  /** `{ "ack-drift-reports": "cn-hangzhou" }`: the buckets that exist, and their regions. */
  constructor(regions: Record<string, string> = {}) {
    for (const [name, region] of Object.entries(regions)) this.buckets.set(name, { region, objects: new Map() });
  }

  /** The bucket's region, or undefined when no such bucket exists. */
  regionOf(bucket: string): string | undefined {
    return this.buckets.get(bucket)?.region;
  }

  /** The object, or undefined. */
  get(bucket: string, key: string): OssObject | undefined {
    return this.buckets.get(bucket)?.objects.get(key);
  }

  /** Stores an object (the bucket must exist). */
  put(bucket: string, key: string, body: Buffer, contentType: string, now: Date): OssObject {
    const object = { body, contentType, etag: `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`, lastModified: now };
    this.objects(bucket).set(key, object);
    return object;
  }

  /** Deletes an object; deleting a missing one is not an error (OSS answers 204 either way). */
  delete(bucket: string, key: string): void {
    this.objects(bucket).delete(key);
  }

  /** Every key of the bucket, in the UTF-8 byte order OSS lists in. */
  keys(bucket: string): string[] {
    return [...this.objects(bucket).keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  private objects(bucket: string): Map<string, OssObject> {
    const b = this.buckets.get(bucket);
    if (!b) throw new Error(`no bucket ${bucket}`);
    return b.objects;
  }
}
