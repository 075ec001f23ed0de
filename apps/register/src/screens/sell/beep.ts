let audio: AudioContext | null = null;

/** One short tone; no audio (autoplay policy or no device) is no error: the screen still says it. */
export function tone(frequencyHz: number, seconds: number, volume: number): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = frequencyHz;
    gain.gain.value = volume;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + seconds);
  } catch {
    // No audio: the message on screen still says it.
  }
}

/** A short low beep for an unknown scan: the cashier hears it without looking at the screen. */
export function beep(): void {
  tone(330, 0.25, 0.15);
}
