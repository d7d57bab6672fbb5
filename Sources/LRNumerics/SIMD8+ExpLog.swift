#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// e^x and ln x on eight lanes at once, for the per-row losses of gradient descent (a
// quarter of its time went to the C library's exp and log, one row at a time).
//
// Both are fdlibm's algorithms (e_exp.c, e_log.c: error below one ulp), written without
// branches so that the lanes run together in SIMD registers. Only +, −, ×, ÷ and bit
// operations are used, each correctly rounded by IEEE 754, and the compiler never fuses a
// multiply-add in Swift: the results are the same bits on every machine. Lanes outside the
// range where the shortcut is exact (e^x below 2⁻¹⁰²² or above 2¹⁰²³; ln of zero, negative,
// subnormal, infinite or NaN arguments) are handed to the C library, one at a time.

/// e^x on each lane, to within one ulp.
///
/// x = k·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 in two parts, so k·ln2Hi is exact), then
/// e^r = 1 + r + r·c / (2 − c), c = r − r²·P(r²) (a degree-5 minimax P), then scaled by 2^k
/// written straight into the exponent bits.
@inlinable
package func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let shift = 0x1.8p52  // adding it rounds to an integer, kept in the low mantissa bits
    let invLn2 = Double(bitPattern: 0x3FF7_1547_652B_82FE)
    let ln2Hi = Double(bitPattern: 0x3FE6_2E42_FEE0_0000), ln2Lo = Double(bitPattern: 0x3DEA_39EF_3579_3C76)
    let p1 = Double(bitPattern: 0x3FC5_5555_5555_553E), p2 = Double(bitPattern: 0xBF66_C16C_16BE_BD93)
    let p3 = Double(bitPattern: 0x3F11_566A_AF25_DE2C), p4 = Double(bitPattern: 0xBEBB_BD41_C5D2_6BF1)
    let p5 = Double(bitPattern: 0x3E66_3769_72BE_A4D0)

    let t = x * invLn2 + shift
    let k = t - shift
    let hi = x - k * ln2Hi, lo = k * ln2Lo
    let r = hi - lo
    let r2 = r * r
    let c = r - r2 * (p1 + r2 * (p2 + r2 * (p3 + r2 * (p4 + r2 * p5))))
    let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
    // 2^k: k + 1023 in the exponent field. The low bits of t hold k as a two's-complement integer.
    let kBits = unsafeBitCast(t, to: SIMD8<Int64>.self) &- Int64(bitPattern: shift.bitPattern)
    let scale = unsafeBitCast((kBits &+ 1023) &<< 52, to: SIMD8<Double>.self)
    var result = y * scale
    // Beyond [−708, 709], 2^k would not be a normal number: the C library takes those lanes.
    let outside = (x .< -708) .| (x .> 709)
    if anyLane(outside) {
        for lane in 0..<8 where outside[lane] { result[lane] = exp(x[lane]) }
    }
    return result
}

/// ln x on each lane, to within one ulp.
///
/// x = 2^k·(1 + f) with 1 + f in [√2/2, √2); with s = f / (2 + f),
/// ln(1 + f) = 2s + s·R(s²) for a degree-7 minimax R, arranged as fdlibm does: two forms,
/// chosen by f, that keep the rounding error below an ulp; then k·ln 2 is added in two parts.
@inlinable
package func log(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let ln2Hi = Double(bitPattern: 0x3FE6_2E42_FEE0_0000), ln2Lo = Double(bitPattern: 0x3DEA_39EF_3579_3C76)
    let lg1 = Double(bitPattern: 0x3FE5_5555_5555_5593), lg2 = Double(bitPattern: 0x3FD9_9999_9997_FA04)
    let lg3 = Double(bitPattern: 0x3FD2_4924_9422_9359), lg4 = Double(bitPattern: 0x3FCC_71C5_1D8E_78AF)
    let lg5 = Double(bitPattern: 0x3FC7_4664_96CB_03DE), lg6 = Double(bitPattern: 0x3FC3_9A09_D078_C69F)
    let lg7 = Double(bitPattern: 0x3FC2_F112_DF3E_5244)

    // Only logical shifts, masks and comparisons of Doubles: SSE2 has no 64-bit arithmetic
    // shift or comparison, and emulating them made this four times slower.
    let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
    let mantissa = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)  // in [1, 2)
    // fdlibm compares the top 20 bits of the mantissa with constants; the same tests on the
    // mantissa itself are exact. Past √2 (0x6a09c) 1 + f is half the mantissa and k one more.
    let pastRoot2 = mantissa .>= 1 + Double(0x6A09C) / 0x1p20
    let exponent = unsafeBitCast((bits &>> 52) | 0x4330_0000_0000_0000, to: SIMD8<Double>.self) - (0x1p52 + 1023)
    let dk = exponent + SIMD8<Double>(repeating: 0).replacing(with: 1, where: pastRoot2)
    let f = mantissa.replacing(with: mantissa * 0.5, where: pastRoot2) - 1
    let withHalfSquareRange = (mantissa .>= 1 + Double(0x6147A) / 0x1p20) .& (mantissa .< 1 + Double(0x6B852) / 0x1p20)

    let s = f / (2 + f)
    let z = s * s, w = z * z
    let t1 = w * (lg2 + w * (lg4 + w * lg6))
    let t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)))
    let r = t2 + t1
    let halfSquare = 0.5 * f * f
    let withHalfSquare = dk * ln2Hi - ((halfSquare - (s * (halfSquare + r) + dk * ln2Lo)) - f)
    let plain = dk * ln2Hi - ((s * (f - r) - dk * ln2Lo) - f)
    var result = plain.replacing(with: withHalfSquare, where: withHalfSquareRange)
    // Zero, negative, subnormal, infinite and NaN arguments: the C library.
    let outside = .!((x .>= 0x1p-1022) .& (x .< .infinity))
    if anyLane(outside) {
        for lane in 0..<8 where outside[lane] { result[lane] = log(x[lane]) }
    }
    return result
}

/// Whether any lane of `mask` is set: the lanes' bits or-ed in halves, three vector ors.
/// (The standard library's `any` reduced the lanes one at a time in a call that was not
/// inlined: about 1 % of `lrgrade solve`'s CPU time, in the loss's exp and log.)
@inlinable
package func anyLane(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
    let lanes = unsafeBitCast(mask, to: SIMD8<Int64>.self)
    let quarter = (lanes.lowHalf | lanes.highHalf).lowHalf | (lanes.lowHalf | lanes.highHalf).highHalf
    return quarter[0] | quarter[1] != 0
}
