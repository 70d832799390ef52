/**
 * @module recorder/call/call-media
 * One participant's media in a live call, over mediasoup-client: loads the
 * Device with the router's capabilities, sends one upstream (a send
 * transport with an audio and a video producer) and receives every other
 * participant's producers on one receive transport. No DOM and no socket:
 * requests go out through {@link CallMediaOptions.request}, and the call
 * notifications (`call_new_producer`, …) come in through the methods.
 *
 * Shared by the customer (recorder) and the advisor app.
 *
 * @see protocol/live-call.ts for the flow.
 */
import { Device, type types as msc } from 'mediasoup-client';
import type { CallProducerInfo, CallRequest, CallResponseData } from '../../protocol/live-call.ts';

export type CallRequester = <M extends CallRequest['method']>(
  request: Extract<CallRequest, { method: M }> | Omit<Extract<CallRequest, { method: M }>, 'paused'>,
) => Promise<CallResponseData[M]>;

export interface CallMediaOptions {
  request: CallRequester;
  /** The local camera and microphone (default: `getUserMedia({ audio: true, video: 640x360 })`). */
  getLocalStream?: () => Promise<MediaStream>;
  /** Anything changed (remote streams, pauses): re-render. */
  onChange(): void;
}

/** Another participant as this one receives them. */
export interface RemoteParticipant {
  id: string;
  /** Their audio and video tracks (one stream per participant, for one `<video>`). */
  stream: MediaStream;
  consumers: Map<'audio' | 'video', msc.Consumer>;
  audioPaused: boolean;
  videoPaused: boolean;
}

/** Receive-side numbers per remote participant and kind, from WebRTC's `inbound-rtp` stats. */
export interface InboundStats {
  participantId: string;
  kind: 'audio' | 'video';
  producerId: string;
  framesDecoded: number;
  totalAudioEnergy: number;
  audioLevel: number;
  bytesReceived: number;
  packetsReceived: number;
}

/** A mediasoup-client Device for this browser (headless Chromium's UA is not recognised by the UA sniffing). */
export async function createDevice(): Promise<Device> {
  try {
    return await Device.factory();
  } catch (error) {
    const chromium = /Chrom(?:e|ium)\/(\d+)/.exec(navigator.userAgent);
    if (chromium && Number(chromium[1]) >= 111) return new Device({ handlerName: 'Chrome111' });
    throw error;
  }
}

const defaultLocalStream = () =>
  navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } } });

export class CallMedia {
  readonly #options: CallMediaOptions;
  #send: msc.Transport | undefined;
  #recv: msc.Transport | undefined;
  /** Producers announced before the receive transport was ready. */
  #pendingProducers: CallProducerInfo[] = [];
  #producers = new Map<'audio' | 'video', msc.Producer>();
  #remotes = new Map<string, RemoteParticipant>();
  #localStream: MediaStream | undefined;
  #closed = false;

  constructor(options: CallMediaOptions) {
    this.#options = options;
  }

  get localStream(): MediaStream | undefined {
    return this.#localStream;
  }

  get remotes(): ReadonlyMap<string, RemoteParticipant> {
    return this.#remotes;
  }

  get producers(): ReadonlyMap<'audio' | 'video', msc.Producer> {
    return this.#producers;
  }

  get sendTransport(): msc.Transport | undefined {
    return this.#send;
  }

  get recvTransport(): msc.Transport | undefined {
    return this.#recv;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Sets everything up: camera and microphone, Device, both transports, the
   * two producers, and consumers for what the others already send.
   */
  async start(): Promise<void> {
    const { request } = this.#options;
    const stream = await (this.#options.getLocalStream ?? defaultLocalStream)();
    if (this.#closed) return stopAll(stream);
    this.#localStream = stream;
    this.#changed();

    const { rtpCapabilities } = await request<'getRouterRtpCapabilities'>({ method: 'getRouterRtpCapabilities' });
    const device = await createDevice();
    await device.load({ routerRtpCapabilities: rtpCapabilities });
    this.#assertOpen();
    const { producers } = await request<'ready'>({
      method: 'ready',
      rtpCapabilities: device.recvRtpCapabilities as unknown as Record<string, unknown>,
    });
    this.#pendingProducers.push(...producers);

    // NOTE: receive first, so the others show up while our own upstream connects.
    this.#recv = device.createRecvTransport(
      this.#transportOptions(await request<'createTransport'>({ method: 'createTransport', direction: 'recv' })),
    );
    this.#wireConnect(this.#recv);
    this.#assertOpen();
    for (const p of this.#pendingProducers.splice(0)) void this.#consume(p);

    const send = device.createSendTransport(
      this.#transportOptions(await request<'createTransport'>({ method: 'createTransport', direction: 'send' })),
    );
    this.#send = send;
    this.#wireConnect(send);
    send.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      request<'produce'>({
        method: 'produce',
        transportId: send.id,
        kind,
        rtpParameters: rtpParameters as unknown as Record<string, unknown>,
      }).then(({ producerId }) => callback({ id: producerId }), errback);
    });
    this.#assertOpen();
    for (const track of stream.getTracks()) {
      const kind = track.kind as 'audio' | 'video';
      if (this.#producers.has(kind) || !device.canProduce(kind)) continue;
      const producer = await send.produce({
        track,
        // NOTE: keep the track when muted: pause() stops sending without asking for the device again.
        stopTracks: false,
        ...(kind === 'audio' ? { codecOptions: { opusStereo: false, opusDtx: true } } : {}),
      });
      if (this.#closed) return producer.close();
      this.#producers.set(kind, producer);
    }
    this.#changed();
  }

  /** `call_new_producer`: consume it (now, or once the receive transport exists). */
  addProducer(info: CallProducerInfo): void {
    if (this.#closed) return;
    if (!this.#recv) this.#pendingProducers.push(info);
    else void this.#consume(info);
  }

  /** `call_producer_closed`: its consumer is gone on the server; drop it here. */
  removeProducer(participantId: string, producerId: string): void {
    const remote = this.#remotes.get(participantId);
    if (!remote) return;
    for (const [kind, consumer] of remote.consumers) {
      if (consumer.producerId !== producerId) continue;
      consumer.close();
      remote.stream.removeTrack(consumer.track);
      remote.consumers.delete(kind);
    }
    if (remote.consumers.size === 0) this.#remotes.delete(participantId);
    this.#changed();
  }

  /** `call_producer_paused`: someone muted or turned their camera off. */
  setRemotePaused(participantId: string, producerId: string, paused: boolean): void {
    const remote = this.#remotes.get(participantId);
    const consumer = remote && [...remote.consumers.values()].find((c) => c.producerId === producerId);
    if (!remote || !consumer) return;
    if (consumer.kind === 'audio') remote.audioPaused = paused;
    else remote.videoPaused = paused;
    this.#changed();
  }

  /** Mute (audio) or camera off (video): paused here (nothing sent) and on the server (the others are told). */
  async setPaused(kind: 'audio' | 'video', paused: boolean): Promise<void> {
    const producer = this.#producers.get(kind);
    if (!producer || producer.paused === paused) return;
    if (paused) producer.pause();
    else producer.resume();
    this.#changed();
    await this.#options.request({ method: paused ? 'pauseProducer' : 'resumeProducer', producerId: producer.id });
  }

  isPaused(kind: 'audio' | 'video'): boolean {
    return this.#producers.get(kind)?.paused ?? false;
  }

  /** Receive-side stats of every consumer. */
  async inboundStats(): Promise<InboundStats[]> {
    const out: InboundStats[] = [];
    for (const remote of this.#remotes.values()) {
      for (const [kind, consumer] of remote.consumers) {
        const report = await consumer.getStats();
        // RTCStatsReport's values are `any` in lib.dom: name what an inbound-rtp entry carries.
        for (const stats of report.values() as IterableIterator<RTCStats>) {
          if (stats.type !== 'inbound-rtp') continue;
          const s = stats as RTCInboundRtpStreamStats;
          out.push({
            participantId: remote.id,
            kind,
            producerId: consumer.producerId,
            framesDecoded: s.framesDecoded ?? 0,
            totalAudioEnergy: s.totalAudioEnergy ?? 0,
            audioLevel: s.audioLevel ?? 0,
            bytesReceived: s.bytesReceived ?? 0,
            packetsReceived: s.packetsReceived ?? 0,
          });
        }
      }
    }
    return out;
  }

  /** Closes every transport (and so every producer and consumer) and stops the camera and microphone. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#send?.close();
    this.#recv?.close();
    this.#producers.clear();
    this.#remotes.clear();
    this.#pendingProducers = [];
    if (this.#localStream) stopAll(this.#localStream);
    this.#changed();
  }

  async #consume(info: CallProducerInfo): Promise<void> {
    const recv = this.#recv!;
    try {
      const params = await this.#options.request<'consume'>({ method: 'consume', transportId: recv.id, producerId: info.producerId });
      if (this.#closed) return;
      const consumer = await recv.consume({
        id: params.id,
        producerId: params.producerId,
        kind: params.kind,
        rtpParameters: params.rtpParameters as msc.RtpParameters,
      });
      if (this.#closed) return consumer.close();
      let remote = this.#remotes.get(info.participantId);
      if (!remote) {
        remote = { id: info.participantId, stream: new MediaStream(), consumers: new Map(), audioPaused: false, videoPaused: false };
        this.#remotes.set(info.participantId, remote);
      }
      remote.consumers.get(params.kind)?.close();
      remote.consumers.set(params.kind, consumer);
      remote.stream.addTrack(consumer.track);
      if (params.kind === 'audio') remote.audioPaused = params.producerPaused;
      else remote.videoPaused = params.producerPaused;
      this.#changed();
      await this.#options.request({ method: 'resumeConsumer', consumerId: consumer.id });
    } catch (error) {
      if (!this.#closed) console.warn('cobrowse call: could not receive', info, error);
    }
  }

  #transportOptions(params: CallResponseData['createTransport']): msc.TransportOptions {
    return params as unknown as msc.TransportOptions;
  }

  #wireConnect(transport: msc.Transport) {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.#options
        .request<'connectTransport'>({
          method: 'connectTransport',
          transportId: transport.id,
          dtlsParameters: dtlsParameters as unknown as Record<string, unknown>,
        })
        .then(() => callback(), errback);
    });
    transport.on('connectionstatechange', () => this.#changed());
  }

  #assertOpen() {
    if (this.#closed) throw new Error('the call ended');
  }

  #changed() {
    this.#options.onChange();
  }
}

function stopAll(stream: MediaStream) {
  for (const track of stream.getTracks()) track.stop();
}
