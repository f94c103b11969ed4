import NeuralNetworks
import Testing
import TestSupport

/// Adam steps against values computed by hand from torch.optim.Adam's update rule.
struct AdamTests {
  @Test func firstStepMovesByLearningRateTimesSign() {
    let parameter = Matrix(rows: 1, columns: 2, values: [1, -2])
    let gradient = Matrix(rows: 1, columns: 2, values: [0.5, -3])
    let optimizer = Adam(parameters: [parameter], gradients: [gradient], learningRate: 0.1)
    optimizer.step()
    // m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2 => step = lr * g / (|g| + eps).
    #expect(abs(parameter[0, 0] - 0.9) < 1e-6)
    #expect(abs(parameter[0, 1] - -1.9) < 1e-6)
    #expect(abs(optimizer.firstMoments[0][0, 0] - 0.05) < 1e-8 * 0.05 + 4e-9)
    #expect(abs(optimizer.secondMoments[0][0, 0] - 0.00025) < 1e-6 * 0.00025)
    #expect(optimizer.stepCount == 1)
  }

  @Test func secondStepUsesBiasCorrection() {
    let parameter = Matrix(rows: 1, columns: 1, values: [1])
    let gradient = Matrix(rows: 1, columns: 1, values: [0.5])
    let optimizer = Adam(parameters: [parameter], gradients: [gradient], learningRate: 0.1)
    optimizer.step()
    gradient[0, 0] = -1
    optimizer.step()
    // By hand: m = 0.9*0.05 + 0.1*(-1) = -0.055; v = 0.999*0.00025 + 0.001 = 0.00124975;
    // p = 0.9 - (0.1 / (1 - 0.9^2)) * m / (sqrt(v) / sqrt(1 - 0.999^2) + 1e-8) = 0.93661035.
    #expect(abs(optimizer.firstMoments[0][0, 0] - -0.055) < 1e-7)
    #expect(abs(optimizer.secondMoments[0][0, 0] - 0.00124975) < 1e-6 * 0.00124975)
    #expect(abs(parameter[0, 0] - 0.93661035) < 1e-6)
  }

  @Test func zeroGradientLeavesFreshParameterUnchanged() {
    let parameter = Matrix(rows: 1, columns: 1, values: [3])
    let gradient = Matrix(rows: 1, columns: 1, values: [0])
    let optimizer = Adam(parameters: [parameter], gradients: [gradient], learningRate: 0.1)
    optimizer.step()
    #expect(parameter[0, 0] == 3)
  }
}
