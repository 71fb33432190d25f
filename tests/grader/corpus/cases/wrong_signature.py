def softmax(u, axis):
    shifted = u - np.max(u, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)
