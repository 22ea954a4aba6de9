"""Files to models: every problem a finished ``file: location: message`` line; the KB loader and its checks."""
