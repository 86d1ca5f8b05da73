/// softmax and log-softmax along an axis, built from the differentiable
/// reductions (so their backward rules come from those):
///
///     logSoftmax(x) = x − logsumexp(x),   softmax(x) = exp(logSoftmax(x))
extension Tensor {
    /// log(exp(x) / Σ exp(x)) along `axis`.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        let axis = try Shape.axis(axis, rank: rank)
        return try subtracting(logSumExp(axis: axis).unsqueezed(axis))
    }

    /// exp(x) / Σ exp(x) along `axis`; each lane sums to 1.
    public func softmax(axis: Int = -1) throws -> Tensor { exp(try logSoftmax(axis: axis)) }
}
