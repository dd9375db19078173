import 'fake-indexeddb/auto';

// happy-dom's IntersectionObserver never reports. A browser's reports each target once right after
// observe(); here every target is on screen (tests of hidden frames stub their own).
class OnScreenIntersectionObserver {
  constructor(private readonly callback: IntersectionObserverCallback) {}
  observe(target: Element) {
    queueMicrotask(() => this.callback([{ isIntersecting: true, target } as IntersectionObserverEntry], this as unknown as IntersectionObserver));
  }
  unobserve() {}
  disconnect() {}
  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
}
globalThis.IntersectionObserver = OnScreenIntersectionObserver as unknown as typeof IntersectionObserver;
window.IntersectionObserver = globalThis.IntersectionObserver;
