// The path prefix a proxy mounts the service under (--base-path, like /auth), which the server
// writes into <html data-base-path>: empty when the service is at the root. Every path a script
// calls or opens goes through path(), so the pages work under any prefix.

const base = document.documentElement.dataset.basePath ?? '';

/** `servicePath` (an absolute path of the service, like /ui/profile) under the base path. */
export function path(servicePath) {
  return base + servicePath;
}
