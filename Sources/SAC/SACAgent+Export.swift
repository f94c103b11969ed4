import NeuralNetworks

extension SACAgent {
  /// The actor alone as a safetensors file, for acting in another program: tensors
  /// `actor.0.weight` `[out, in]`, `actor.0.bias` `[out]`, … (PyTorch `nn.Sequential` names,
  /// ReLU between layers); the last layer outputs `[mu | log_std]`, `actionSize` each. `metadata`
  /// goes into the header's `__metadata__`.
  public func actorSafeTensors(metadata: [String: String]) -> SafeTensorsFile {
    var tensors = [String: SafeTensor]()
    for tensor in actorTensors {
      tensors[tensor.name] = SafeTensor(shape: tensor.shape, floats: tensor.matrix.toArray())
    }
    return SafeTensorsFile(tensors: tensors, metadata: metadata)
  }
}
