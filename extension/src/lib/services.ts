// The Directus services iu-cutter constructs, as far as it uses them. Directus hands extensions `services` typed
// by the extensions SDK's own copy of @directus/types (16.x), which does not match the 17.x the extension compiles
// against; this structural type fits both and names what the code relies on.
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';

export interface ServiceOptions {
	accountability?: Accountability | null;
	// Directus' SchemaOverview; iu-cutter only passes on what getSchema() returned.
	schema: unknown;
	knex?: Knex;
}

export interface ItemsServiceLike {
	createOne(data: Record<string, unknown>): Promise<string | number>;
	/** Directus' data cache (null with CACHE_ENABLED=false). */
	cache?: unknown;
}

export interface AssetsServiceLike {
	getAsset(id: string): Promise<{ stream: NodeJS.ReadableStream; file: { filesize?: number | string | null; type?: string | null } }>;
}

/** Directus' `services` as this type: the one place the SDK's copy of the types is set aside (see above). */
export const directusServices = (services: unknown): DirectusServices => services as DirectusServices;

export interface DirectusServices {
	ItemsService: new (collection: string, options: ServiceOptions) => ItemsServiceLike;
	AssetsService: new (options: ServiceOptions) => AssetsServiceLike;
}
