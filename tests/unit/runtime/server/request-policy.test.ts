import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hostAllowed,
  hostAllowList,
  refusal,
  type RequestFacts,
} from '../../../../src/runtime/server/request-policy';

const local = hostAllowList('127.0.0.1', 8300);
const request = (headers: RequestFacts['headers'], method = 'GET', url = '/'): RequestFacts => ({
  method,
  url,
  headers: { host: '127.0.0.1:8300', ...headers },
});
const statusOf = (facts: RequestFacts, allow = local) => refusal(facts, allow)?.status;

describe('the names a server answers to', () => {
  it('are the loopback names and the bound address, with the port', () => {
    expect(local).toEqual({
      names: ['127.0.0.1', 'localhost', '[::1]'],
      anyAddress: false,
      port: 8300,
    });
    expect(hostAllowList('::1', 1).names).toEqual(['127.0.0.1', 'localhost', '[::1]']);
    expect(hostAllowList('192.168.1.5', 1, ['Build-Box.lan']).names).toEqual([
      '127.0.0.1',
      'localhost',
      '[::1]',
      'build-box.lan',
      '192.168.1.5',
    ]);
  });

  it('bound to every interface: any IP address and the machine name, still no other name', () => {
    const all = hostAllowList('0.0.0.0', 8300, [], 'devbox');
    expect(all.names).toContain('devbox');
    expect(all.names).not.toContain('0.0.0.0');
    expect(hostAllowed('10.1.2.3:8300', all)).toBe(true);
    expect(hostAllowed('[fe80::1]:8300', all)).toBe(true);
    expect(hostAllowed('devbox:8300', all)).toBe(true);
    expect(hostAllowed('evil.example:8300', all)).toBe(false);
    expect(hostAllowed('10.1.2.3:8301', all)).toBe(false);
  });

  it.each([
    ['127.0.0.1:8300', true],
    ['LOCALHOST:8300', true],
    ['[::1]:8300', true],
    [' localhost:8300 ', true],
    ['localhost', false], // no port means 80
    ['localhost:80', false],
    ['127.0.0.1:8301', false],
    ['10.0.0.1:8300', false],
    ['evil.example:8300', false],
    ['localhost.evil.example:8300', false],
    ['user@localhost:8300', false],
    ['localhost:8300:1', false],
    ['::1:8300', false],
    ['', false],
  ])('Host %j: %s', (host, allowed) => {
    expect(hostAllowed(host, local)).toBe(allowed);
  });

  it('port 80 is the port of a Host without one', () => {
    expect(hostAllowed('localhost', hostAllowList('127.0.0.1', 80))).toBe(true);
  });

  it('refuses every name it was not given (DNS rebinding), whatever the name', () => {
    fc.assert(
      fc.property(fc.domain(), fc.integer({ min: 1, max: 65535 }), (name, port) => {
        fc.pre(name !== 'localhost');
        expect(statusOf(request({ host: `${name}:${port}` }))).toBe(421);
      }),
    );
  });
});

describe('who may send a request', () => {
  it('a local client (CLI, SDK, curl): Host only', () => {
    expect(refusal(request({}), local)).toBeUndefined();
    expect(statusOf(request({ 'content-type': 'application/json' }, 'POST'))).toBeUndefined();
    expect(statusOf(request({}, 'DELETE'))).toBeUndefined();
  });

  it('needs a Host, and HTTP/2 :authority counts as one', () => {
    expect(statusOf({ method: 'GET', url: '/', headers: {} })).toBe(400);
    expect(
      statusOf({ method: 'GET', url: '/', headers: { ':authority': '127.0.0.1:8300' } }),
    ).toBeUndefined();
    expect(
      statusOf({ method: 'GET', url: '/', headers: { ':authority': 'evil.example:8300' } }),
    ).toBe(421);
    expect(statusOf(request({ ':authority': 'evil.example:8300' }))).toBe(421);
  });

  it('refuses an absolute-form target, which names a host of its own', () => {
    expect(statusOf(request({}, 'GET', 'http://evil.example/console/api/fleet'))).toBe(400);
  });

  it.each([
    ['http://127.0.0.1:8300', undefined],
    ['HTTP://127.0.0.1:8300', undefined],
    ['http://localhost:8300', 403], // another origin than the Host's, even if local
    ['http://127.0.0.1:3000', 403],
    ['https://127.0.0.1:8300', 403],
    ['http://evil.example', 403],
    ['null', 403],
  ])('Origin %s: %s', (origin, status) => {
    expect(statusOf(request({ origin }))).toBe(status);
    expect(statusOf(request({ origin, 'content-type': 'application/json' }, 'POST'))).toBe(status);
  });

  it.each([
    ['same-origin', 'cors', 'GET', undefined],
    ['none', 'navigate', 'GET', undefined],
    ['cross-site', 'navigate', 'GET', undefined], // a link to the console from elsewhere
    ['cross-site', 'navigate', 'POST', 403], // a form
    ['cross-site', 'no-cors', 'GET', 403], // an <img>, a <script>
    ['same-site', 'cors', 'GET', 403], // a page of localhost:3000
    ['cross-site', 'cors', 'GET', 403],
  ])('Sec-Fetch-Site %s, mode %s, %s: %s', (site, mode, method, status) => {
    const headers = {
      'sec-fetch-site': site,
      'sec-fetch-mode': mode,
      'content-type': 'application/json',
    };
    expect(statusOf(request(headers, method))).toBe(status);
  });

  it.each([
    ['application/json', undefined],
    ['application/json; charset=utf-8', undefined],
    ['Application/JSON;charset=UTF-8', undefined],
    [undefined, 415],
    ['', 415],
    ['text/plain;charset=UTF-8', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
    ['application/jsonp', 415],
    ['application/json-patch+json', 415],
  ])('a POST body typed %j: %s', (type, status) => {
    const headers = type === undefined ? {} : { 'content-type': type };
    expect(statusOf(request(headers, 'POST'))).toBe(status);
    expect(statusOf(request(headers, 'PUT'))).toBe(status);
  });

  it('says why, in a sentence that names the rule', () => {
    expect(refusal(request({ host: 'evil.example:8300' }), local)?.message).toContain(
      'answers to 127.0.0.1:8300, localhost:8300, [::1]:8300, not to "evil.example:8300"',
    );
    expect(refusal(request({ origin: 'http://evil.example' }), local)?.message).toContain(
      'Requests from http://evil.example are refused',
    );
    expect(refusal(request({}, 'POST'), local)).toMatchObject({
      status: 415,
      type: 'ValidationException',
      message: expect.stringContaining('Content-Type: application/json'),
    });
  });
});
