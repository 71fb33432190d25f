"""The CNN's backward pass skips the LCN layer (passes the delta through unchanged)."""

MODULE = "step6_cnn"
TASK = "step6.cnn"
REPLACE = {
    "_cnn_backward": """
    caches, pooled_shape = caches
    caches = list(caches)
    grads = {}
    delta, grads["W4"], grads["b4"] = affine_backward(du, caches.pop())
    delta = relu_backward(delta, caches.pop())
    delta, grads["W3"], grads["b3"] = affine_backward(delta, caches.pop())
    delta = maxpool_backward(delta.reshape(pooled_shape), caches.pop())
    delta = relu_backward(delta, caches.pop())
    delta, grads["W2"], grads["b2"] = conv_backward(delta, caches.pop())
    if lcn:
        caches.pop()
    delta = maxpool_backward(delta, caches.pop())
    delta = relu_backward(delta, caches.pop())
    _, grads["W1"], grads["b1"] = conv_backward(delta, caches.pop())
    return grads
    """
}
