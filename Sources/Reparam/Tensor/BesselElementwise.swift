import Foundation

/// log I₀(κ) elementwise, finite for every κ (I₀ itself overflows past 713): log(e^{−|κ|}I₀(κ)) + |κ|;
/// d/dκ = I₁(κ)/I₀(κ).
///
///     logBesselI0(Tensor([0, 1e4]))   // [0, 1e4 − ½ log(2π·1e4) + …]
public func logBesselI0(_ kappa: Tensor) -> Tensor {
    kappa.unary({ Foundation.log(scaledBesselI0($0)) + Swift.abs($0) }) { k, _ in besselRatioI1I0(k) }
}

/// A(κ) = I₁(κ)/I₀(κ) elementwise (the von Mises mean resultant length); A' = 1 − A/κ − A² (½ at 0).
public func besselRatioI1I0(_ kappa: Tensor) -> Tensor {
    kappa.unary({ besselRatioI1I0($0) }) { k, _ in besselRatioI1I0(Dual(k, derivative: 1)).derivative }
}

/// 1 − I₁(κ)/I₀(κ) elementwise, without cancellation at large κ (see `besselRatioComplement`).
public func besselRatioComplement(_ kappa: Tensor) -> Tensor {
    kappa.unary({ besselRatioComplement($0) }) { k, _ in besselRatioComplement(Dual(k, derivative: 1)).derivative }
}

/// e^{−κ}I₀(κ) elementwise for κ ≥ 0; d/dκ = e^{−κ}(I₁ − I₀).
func scaledBesselI0Tensor(_ kappa: Tensor) -> Tensor {
    kappa.unary({ scaledBesselI0($0) }) { k, _ in scaledBesselI0(Dual(k, derivative: 1)).derivative }
}
