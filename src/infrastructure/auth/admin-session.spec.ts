import { readCookie, ttlToMs } from './admin-session.service';
import { safeNextPath } from './admin-ui.guard';

describe('admin session helpers', () => {
  it('reads one cookie among others', () => {
    expect(readCookie('a=1; hub_admin_session=eyJ.x.y; b=2', 'hub_admin_session')).toBe('eyJ.x.y');
    expect(readCookie('hub_admin_session_other=1', 'hub_admin_session')).toBeUndefined();
    expect(readCookie(undefined, 'hub_admin_session')).toBeUndefined();
    expect(readCookie('hub_admin_session=%E0%A4%A', 'hub_admin_session')).toBeUndefined();
  });

  it('turns JWT_TTL into the cookie lifetime', () => {
    expect(ttlToMs('12h')).toBe(43_200_000);
    expect(ttlToMs('15m')).toBe(900_000);
    expect(ttlToMs('7d')).toBe(604_800_000);
    expect(ttlToMs('30s')).toBe(30_000);
  });

  it('only redirects to same-site paths after login', () => {
    expect(safeNextPath('/admin/queues?x=1')).toBe('/admin/queues?x=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined, ['/a']]) {
      expect(safeNextPath(bad)).toBeUndefined();
    }
  });
});
