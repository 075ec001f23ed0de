let audio: AudioContext | null = null;

/** A short low beep for an unknown scan: the cashier hears it without looking at the screen. */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 330;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch {
    // No audio (autoplay policy or no device): the message on screen still says it.
  }
}
