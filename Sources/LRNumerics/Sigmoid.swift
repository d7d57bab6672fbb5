#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The logistic function σ(z) = 1 / (1 + e^−z), for every finite or infinite z.
///
/// For z ≥ 0 this is the textbook expression, bit for bit what numpy computes. For z < 0 it
/// evaluates e^z / (1 + e^z) instead, so e^−z never overflows: σ(−1000) is 0 (its true value,
/// about 5e−435, is below the smallest Double) and no intermediate is infinite. Both branches
/// are accurate to about one unit in the last place.
@inlinable
public func sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
}

/// σ on eight lanes, with the same two branches as `sigmoid(_: Double)`, through the
/// eight-lane `exp`: within an ulp or two of it.
@inline(__always)
package func sigmoid(_ z: SIMD8<Double>) -> SIMD8<Double> {
    let e = exp((-z).replacing(with: z, where: z .< 0))  // e^−|z|: never above 1
    return SIMD8<Double>(repeating: 1).replacing(with: e, where: z .< 0) / (1 + e)
}
