import { afterEach, describe, expect, it } from 'vitest';
import { makeRoom, MIN_PAGE_WIDTH, NARROW_WINDOW, releaseLeftoverRoom, startsFolded } from '@/lib/content/make-room';

const WIDTH = 320;
/** A window of the given inner width (the only thing makeRoom reads from it). */
const windowOf = (innerWidth: number) => ({ innerWidth }) as Window;

describe('webmail makes room for the unfolded sidebar', () => {
  afterEach(() => document.body.removeAttribute('style'));

  it('narrows <body> by the sidebar and contains its fixed elements while unfolded; folding gives it back', () => {
    const room = makeRoom(document, windowOf(1280), WIDTH);
    room.want(true);
    expect(document.body.style.getPropertyValue('width')).toBe(`calc(100% - ${WIDTH}px)`);
    expect(document.body.style.getPropertyPriority('width')).toBe('important');
    expect(document.body.style.getPropertyValue('transform')).toBe('translateX(0)');
    room.want(false);
    expect(document.body.hasAttribute('style')).toBe(false);
  });

  it("restores exactly what the page had set, and applies once however often it is asked", () => {
    document.body.setAttribute('style', 'width: 100%; transform: none !important; color: red');
    const room = makeRoom(document, windowOf(1280), WIDTH);
    room.want(true);
    room.want(true);
    room.fit();
    expect(document.body.style.getPropertyValue('width')).toBe(`calc(100% - ${WIDTH}px)`);
    room.release();
    expect(document.body.style.getPropertyValue('width')).toBe('100%');
    expect(document.body.style.getPropertyValue('transform')).toBe('none');
    expect(document.body.style.getPropertyPriority('transform')).toBe('important');
    expect(document.body.style.getPropertyValue('color')).toBe('red');
  });

  it('keeps the overlay on a window too narrow for a page beside the sidebar, and follows resizes', () => {
    const window = { innerWidth: WIDTH + MIN_PAGE_WIDTH - 1 } as { innerWidth: number };
    const room = makeRoom(document, window as Window, WIDTH);
    room.want(true);
    expect(document.body.style.getPropertyValue('width')).toBe('');
    window.innerWidth = 1280;
    room.fit();
    expect(document.body.style.getPropertyValue('width')).toBe(`calc(100% - ${WIDTH}px)`);
    window.innerWidth = 700;
    room.fit();
    expect(document.body.style.getPropertyValue('width')).toBe('');
  });
});

describe('where the sidebar starts', () => {
  it('folded when the rep folded it on this site, or on a window narrower than about 1000 px', () => {
    expect(startsFolded(false, 1280)).toBe(false);
    expect(startsFolded(true, 1280)).toBe(true);
    expect(startsFolded(false, NARROW_WINDOW - 1)).toBe(true);
    expect(startsFolded(false, NARROW_WINDOW)).toBe(false);
  });
});

describe('room an earlier copy of the script left taken (Firefox ends it on an update without its clean-up)', () => {
  afterEach(() => document.body.removeAttribute('style'));

  it('is not taken for the page’s own: folding gives the page back its full width', () => {
    document.body.setAttribute('style', `width: calc(100% - ${WIDTH}px) !important; transform: translateX(0) !important; color: red`);
    const room = makeRoom(document, windowOf(1280), WIDTH);
    room.want(true);
    room.want(false);
    expect(document.body.style.getPropertyValue('width')).toBe('');
    expect(document.body.style.getPropertyValue('transform')).toBe('');
    expect(document.body.style.getPropertyValue('color')).toBe('red');
  });

  it('is released at start, and the page’s own values are not', () => {
    document.body.setAttribute('style', `width: calc(100% - ${WIDTH}px) !important; transform: translateX(0) !important`);
    releaseLeftoverRoom(document);
    expect(document.body.style.length).toBe(0);
    document.body.setAttribute('style', 'width: calc(100% - 20px); transform: translateX(0) scale(1) !important');
    releaseLeftoverRoom(document);
    expect(document.body.style.getPropertyValue('width')).toBe('calc(100% - 20px)');
    expect(document.body.style.getPropertyValue('transform')).toBe('translateX(0) scale(1)');
  });
});
