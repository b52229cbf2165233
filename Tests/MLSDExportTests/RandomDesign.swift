import MLSDCore

/// The layout's random designs (``RandomDiagramDesign`` in MLSDCore, shared with `mlsd-bench`).
typealias RandomDesign = RandomDiagramDesign
