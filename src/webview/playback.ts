/**
 * Playback clock: position (a step number), playing, speed (steps per frame). One
 * requestAnimationFrame loop while playing; every change is reported through `onChange`, which the
 * panel uses to render the frame (paths, cursor lines, slider) — nothing else runs per frame.
 */
import { clampSpeed } from './store';

export interface PlaybackState {
  position: number;
  playing: boolean;
  speed: number;
  end: number;
}

export class Playback {
  private state: PlaybackState;
  private frame: number | undefined;

  constructor(
    initial: PlaybackState,
    private readonly onChange: (s: PlaybackState, reason: 'frame' | 'seek' | 'control') => void,
  ) {
    this.state = { ...initial };
    if (this.state.playing) this.play();
  }

  get current(): PlaybackState {
    return this.state;
  }

  setEnd(end: number): void {
    this.state.end = Math.max(0, end);
    if (this.state.position > this.state.end) this.state.position = this.state.end;
  }

  play(): void {
    if (this.state.position >= this.state.end) this.state.position = 0;
    this.state.playing = this.state.end > 0;
    this.schedule();
    this.onChange(this.state, 'control');
  }

  pause(): void {
    this.state.playing = false;
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.onChange(this.state, 'control');
  }

  toggle(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  seek(position: number): void {
    this.state.position = Math.max(0, Math.min(this.state.end, Math.round(position)));
    this.onChange(this.state, 'seek');
  }

  step(delta: number): void {
    if (this.state.playing) this.pause();
    this.seek(this.state.position + delta);
  }

  restart(): void {
    this.seek(0);
    if (!this.state.playing) this.play();
  }

  setSpeed(speed: number): void {
    this.state.speed = clampSpeed(speed);
    this.onChange(this.state, 'control');
  }

  dispose(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }

  private schedule(): void {
    if (this.frame !== undefined || !this.state.playing) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      if (!this.state.playing) return;
      const next = Math.min(this.state.end, this.state.position + this.state.speed);
      this.state.position = next;
      if (next >= this.state.end) this.state.playing = false;
      this.onChange(this.state, 'frame');
      this.schedule();
    });
  }
}
