import Foundation
// TEMPORARY stand-in until the Philox streams land (branch `random`); deleted on merge.
public struct RandomStream: Sendable {
    public let seed: UInt64
    private var state: UInt64
    public init(seed: UInt64) { self.seed = seed; self.state = seed &+ 0x9E3779B97F4A7C15 }
    private mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    private mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }
    public mutating func fillUniform(_ out: UnsafeMutableBufferPointer<Double>) { for i in out.indices { out[i] = uniform() } }
    public mutating func fillNormal(_ out: UnsafeMutableBufferPointer<Double>) {
        for i in out.indices { out[i] = Foundation.sqrt(-2 * Foundation.log(uniform())) * Foundation.cos(2 * .pi * uniform()) }
    }
    public mutating func fillExponential(_ out: UnsafeMutableBufferPointer<Double>) { for i in out.indices { out[i] = -Foundation.log(uniform()) } }
}
