import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/**
 * A socket whose first bytes were already read (to tell HTTP/2 from HTTP/1.1) presented as a
 * fresh stream that yields those bytes again. Node's HTTP servers read a real socket natively,
 * bypassing `unshift`; a plain Duplex makes them read through JavaScript, bytes in order.
 */
export class PrefixedSocket extends Duplex {
  constructor(
    private readonly socket: Socket,
    prefix: Buffer,
  ) {
    super({ allowHalfOpen: false });
    this.push(prefix);
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
    // setTimeout is delegated to the socket: its idle timeout must reach the HTTP server here.
    socket.on('timeout', () => this.emit('timeout'));
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (e?: Error | null) => void) {
    this.socket.write(chunk, encoding, callback);
  }

  override _final(callback: (e?: Error | null) => void): void {
    this.socket.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (e?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }

  // What the HTTP servers ask of a socket.
  setTimeout(ms: number, callback?: () => void): this {
    this.socket.setTimeout(ms, callback);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket.setKeepAlive(enable, delay);
    return this;
  }

  ref(): this {
    this.socket.ref();
    return this;
  }

  unref(): this {
    this.socket.unref();
    return this;
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  get remoteFamily(): string | undefined {
    return this.socket.remoteFamily;
  }

  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  address() {
    return this.socket.address();
  }
}
