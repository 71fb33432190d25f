def softmax(u):
    return np.zeros(10**8)
