import { describe, expect, it } from 'vitest';
import type { RoutedRequest } from './route-template.ts';
import { routeTemplateOf, templatePath } from './route-template.ts';

describe('templatePath', () => {
  it('replaces numbers, uuids and ObjectIds with :id and drops the query', () => {
    expect(templatePath('/users/42/orders/0B5C3F1E-8A43-4E1D-9A4C-3F2E1D0C9B8A?x=1')).toBe('/users/:id/orders/:id');
    expect(templatePath('/reports/65f1c2a9b4e3d2c1a0f9e8d7/pdf')).toBe('/reports/:id/pdf');
    expect(templatePath('/v2/health')).toBe('/v2/health');
    expect(templatePath('')).toBe('/');
  });
});

describe('routeTemplateOf', () => {
  const request = (fields: Partial<RoutedRequest>) => ({ url: '/api/users/7', ...fields }) as RoutedRequest;

  it("prefers the caller's routeOf, then Express's matched route, then the templated path", () => {
    expect(routeTemplateOf(request({}), () => '/custom')).toBe('/custom');
    expect(routeTemplateOf(request({ baseUrl: '/api', route: { path: '/users/:userId' } }))).toBe('/api/users/:userId');
    expect(routeTemplateOf(request({ originalUrl: '/api/users/7?full=1' }), () => undefined)).toBe('/api/users/:id');
  });
});
