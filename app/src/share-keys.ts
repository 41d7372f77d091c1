// Where the service worker keeps a file shared to the app until the Import screen takes it.
export const SHARED_CACHE = "coffeechat-shared";
export const SHARED_FILE = "/app/shared-file";
export const SHARED_NAME_HEADER = "X-File-Name";
