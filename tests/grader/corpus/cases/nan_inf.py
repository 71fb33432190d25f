def softmax(u):
    z = np.full(np.shape(u), np.nan)
    z[..., 0] = np.inf
    return z
