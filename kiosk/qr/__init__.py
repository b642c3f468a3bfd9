"""Decoding codes from images, PDF pages and camera frames (zxing-cpp)."""
