/** The simulated API server's request logic, independent of sockets: classify, authorize, answer. */
import type { Scenario } from '../../scenario/schema';
import { simCredentials } from '../credentials';
import { deniedBy, forbidden, isAuthenticated, type AccessRequest } from './auth';
import { apiServiceGroupVersions, Discovery } from './discovery';
import { decodeContinue, pageOf, PagingError, parseLimit } from './paging';
import { servedResourceTypes, groupVersion, type ResourceType } from './resources';
import { normalizePath, parseRoute, type Route } from './routes';
import { parseFieldSelector, parseLabelSelector, SelectorError, type ObjectPredicate } from './selectors';
import { badRequest, failure, objectNotFound, unauthorized, unknownResource } from './status';
import { ObjectStore } from './store';

/** An answer before it is written: status, JSON body, extra headers. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A request as the server understands it before answering it. */
export interface ClassifiedRequest {
  method: string;
  /** Path without query and trailing slash. */
  path: string;
  query: URLSearchParams;
  route: Route;
  access: AccessRequest;
  /** The `calls` counter this request increments: `k8s:list nodes`, `k8s:get /apis`. */
  callKey: string;
  /** 1-based page of a list: 1 without a continue token, n+1 after n pages. */
  page: number;
}

function verbOf(method: string, route: Route, query: URLSearchParams): string {
  const collection = route.type === 'resource' && route.name === undefined;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (!collection) return 'get';
      return query.get('watch') === 'true' || query.get('watch') === '1' ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return collection ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

function pageNumber(token: string | null): number {
  if (!token) return 1;
  try {
    return decodeContinue(token).page;
  } catch {
    return 1;
  }
}

/** One simulated cluster's API: the objects, the types they make, discovery, and the auditor's credentials. */
export class KubeApi {
  private types!: ResourceType[];
  private store!: ObjectStore;
  private discovery!: Discovery;
  private readonly token: string;
  /** Requests refused by the scenario's RBAC rules, per call key: the reliability suite counts them as injected faults. */
  readonly denials: Record<string, number> = {};

  constructor(
    private readonly scenario: Scenario,
    now: Date,
  ) {
    this.load(now);
    this.token = simCredentials(scenario).kubernetesToken;
  }

  /** Serves the scenario's objects as they are now (the simulated route controller changes them as it repairs). */
  load(now: Date): void {
    const objects = this.scenario.cluster.objects;
    this.types = servedResourceTypes(objects, apiServiceGroupVersions(objects));
    this.store = new ObjectStore(objects, now);
    this.discovery = new Discovery(this.scenario.cluster, this.types);
  }

  /** Parses method and URL into a route, the RBAC attributes and the call counter key. */
  classify(method: string, url: string): ClassifiedRequest {
    const parsed = new URL(url, 'https://127.0.0.1');
    const path = normalizePath(parsed.pathname);
    const route = parseRoute(path);
    const verb = verbOf(method, route, parsed.searchParams);
    const access: AccessRequest = route.type === 'resource' ? { verb, path, resource: route.plural, group: route.group, namespace: route.namespace, name: route.name } : { verb, path };
    return {
      method,
      path,
      query: parsed.searchParams,
      route,
      access,
      callKey: `k8s:${verb} ${access.resource ?? path}`,
      page: pageNumber(parsed.searchParams.get('continue')),
    };
  }

  /** 401 for a missing or wrong token, 403 for a request a scenario's RBAC rule denies; undefined when allowed. */
  authorize(req: ClassifiedRequest, authorization: string | undefined): Reply | undefined {
    if (!isAuthenticated(authorization, this.token)) return { status: 401, body: unauthorized() };
    if (deniedBy(this.scenario.auditor?.kubernetes?.forbidden, req.access)) {
      this.denials[req.callKey] = (this.denials[req.callKey] ?? 0) + 1;
      return { status: 403, body: forbidden(req.access) };
    }
    return undefined;
  }

  /** The answer to an authorized request. `serverAddress` is `127.0.0.1:PORT`, which `/api` reports. */
  serve(req: ClassifiedRequest, serverAddress: string): Reply {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // The simulated cluster is a read-only snapshot.
      return { status: 405, body: failure(405) };
    }
    const route = req.route;
    switch (route.type) {
      case 'version':
        return ok(this.discovery.version());
      case 'apiVersions':
        return ok(this.discovery.apiVersions(serverAddress));
      case 'groupList':
        return ok(this.discovery.groupList());
      case 'group': {
        const g = this.discovery.group(route.group);
        return g ? ok(g) : notFound();
      }
      case 'resourceList': {
        if (!this.discovery.serves(route.group, route.version)) return notFound();
        const down = this.discovery.failureFor(route.group, route.version);
        return down ? { status: down.code, body: down } : ok(this.discovery.resourceList(route.group, route.version));
      }
      case 'resource':
        return this.serveResource(route, req.query);
      case 'unknown':
        return notFound();
    }
  }

  private serveResource(route: Extract<Route, { type: 'resource' }>, query: URLSearchParams): Reply {
    if (!this.discovery.serves(route.group, route.version)) return notFound();
    // An unavailable aggregated API fails for everything under it, not only for its discovery document.
    const down = this.discovery.failureFor(route.group, route.version);
    if (down) return { status: down.code, body: down };
    const type = this.types.find((t) => t.group === route.group && t.version === route.version && t.plural === route.plural);
    if (!type) return notFound();
    if (route.namespace !== undefined && !type.namespaced) return notFound();
    if (route.name !== undefined) {
      if (route.namespace === undefined && type.namespaced) return notFound();
      const obj = this.store.get(type, route.namespace, route.name);
      return obj ? ok(obj) : { status: 404, body: objectNotFound(type.plural, type.group, route.name) };
    }
    try {
      return ok(this.list(type, route.namespace, query));
    } catch (err) {
      if (err instanceof SelectorError || err instanceof PagingError) return { status: 400, body: badRequest(err.message) };
      throw err;
    }
  }

  private list(type: ResourceType, namespace: string | undefined, query: URLSearchParams): Record<string, unknown> {
    const filters: ObjectPredicate[] = [];
    const labelSelector = query.get('labelSelector');
    const fieldSelector = query.get('fieldSelector');
    if (labelSelector) filters.push(parseLabelSelector(labelSelector));
    if (fieldSelector) filters.push(parseFieldSelector(fieldSelector, type.kind));
    const limit = parseLimit(query.get('limit'));
    const token = query.get('continue');
    const from = token ? decodeContinue(token) : undefined;
    const items = this.store.list(type, namespace).filter((o) => filters.every((f) => f(o)));
    const rv = this.store.resourceVersion;
    const page = pageOf(items, limit, from, rv, filters.length === 0);
    return {
      kind: `${type.kind}List`,
      apiVersion: groupVersion(type.group, type.version),
      metadata: {
        resourceVersion: rv,
        ...(page.continue !== undefined ? { continue: page.continue } : {}),
        ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
      },
      items: page.items,
    };
  }
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function notFound(): Reply {
  return { status: 404, body: unknownResource() };
}
