// SMS segments as carriers bill them (GSM 03.38 / 3GPP TS 23.038), the same rules as the engine's sms.Segments:
// GSM-7 when every character is in the default alphabet (extension characters cost two septets), 160 septets in
// one segment or 153 per concatenated segment (an escape pair is never split); otherwise UCS-2, 70 UTF-16 units in
// one segment or 67 per concatenated segment (a surrogate pair is never split). Shared vectors:
// engine/src/test/resources/sms/segment-vectors.json (SegmentsVectorsTest in Java, test/segments.test.js here).

const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?'
  + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

function pack(encoding, costs, single, multi) {
  const total = costs.reduce((a, b) => a + b, 0);
  if (total <= single) return { encoding, segments: 1, units: total, perSegment: single };
  let segments = 1;
  let used = 0;
  for (const c of costs) {
    if (used + c > multi) {
      segments++;
      used = 0;
    }
    used += c;
  }
  return { encoding, segments, units: total, perSegment: multi };
}

/** The characters (as typed) that force UCS-2, without repeats. */
export function nonGsm(body) {
  const seen = new Set();
  for (const ch of body) {
    if (!BASIC.includes(ch) && !EXTENSION.includes(ch)) seen.add(ch);
  }
  return [...seen];
}

/** {encoding: 'GSM-7'|'UCS-2', segments, units, perSegment} for a body. */
export function segments(body) {
  const costs = [];
  let gsm = true;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (BASIC.includes(c)) costs.push(1);
    else if (EXTENSION.includes(c)) costs.push(2);
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return pack('GSM-7', costs, 160, 153);
  const units = [];
  for (const cp of body) units.push(cp.length); // iterating a string yields code points: 2 units for a pair
  return pack('UCS-2', units, 70, 67);
}
