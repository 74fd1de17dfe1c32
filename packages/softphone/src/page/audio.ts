/**
 * What the softphone's user hears: `speak` prompts through the browser's speech synthesis, `play` prompts through
 * an `<audio>` element — with a short tone instead when the file cannot load — and DTMF tones for keys pressed.
 * Everything fails quietly: a browser without voices or audio still runs the call.
 *
 * @module
 */

let context: AudioContext | undefined;
let player: HTMLAudioElement | undefined;

function audioContext(): AudioContext | undefined {
  try {
    context ??= new AudioContext();
    return context;
  } catch {
    return undefined;
  }
}

/** Whether prompts are voiced (the user can mute). */
export const sound = { enabled: true };

/** Stops whatever prompt is sounding (the caller pressed a key, or hung up). */
export function stopPrompt(): void {
  try {
    globalThis.speechSynthesis?.cancel();
  } catch {
    // No speech synthesis.
  }
  if (player) {
    player.pause();
    player = undefined;
  }
}

/** Says `text` in `language`. */
export function speak(text: string, language = 'en-US'): void {
  stopPrompt();
  if (!sound.enabled || !globalThis.speechSynthesis) return;
  try {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = language;
    utterance.rate = 1.05;
    speechSynthesis.speak(utterance);
  } catch {
    // Speech unavailable: the prompt still shows on screen.
  }
}

/** Plays `urls` in turn; a URL that cannot load plays a short tone instead. */
export function play(urls: readonly string[]): void {
  stopPrompt();
  if (!sound.enabled) return;
  const next = (index: number): void => {
    const url = urls[index];
    if (url === undefined) return;
    const audio = new Audio(url);
    player = audio;
    audio.addEventListener('ended', () => player === audio && next(index + 1));
    audio.addEventListener('error', () => {
      if (player !== audio) return;
      tone(440, 0.35);
      setTimeout(() => player === audio && next(index + 1), 400);
    });
    audio.play().catch(() => {
      tone(440, 0.35);
    });
  };
  next(0);
}

const DTMF: Record<string, [number, number]> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  A: [697, 1633],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  B: [770, 1633],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  C: [852, 1633],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
  D: [941, 1633],
};

/** The DTMF tone of a key, briefly. */
export function dtmf(key: string): void {
  const pair = DTMF[key];
  if (pair) for (const frequency of pair) tone(frequency, 0.12, 0.08);
}

/** A sine tone. */
export function tone(frequency: number, seconds: number, gain = 0.12): void {
  if (!sound.enabled) return;
  const ctx = audioContext();
  if (!ctx) return;
  try {
    const oscillator = ctx.createOscillator();
    const volume = ctx.createGain();
    oscillator.frequency.value = frequency;
    volume.gain.value = gain;
    oscillator.connect(volume).connect(ctx.destination);
    oscillator.start();
    oscillator.stop(ctx.currentTime + seconds);
  } catch {
    // No audio output.
  }
}
