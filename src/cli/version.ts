declare const FLY_FAUNA_VERSION: string | undefined;

/** package.json's version, defined by the build (esbuild.js); tests run from source. */
export const VERSION = typeof FLY_FAUNA_VERSION === 'string' ? FLY_FAUNA_VERSION : '0.0.0-dev';
