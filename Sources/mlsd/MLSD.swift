import ArgumentParser
@main struct MLSD: ParsableCommand {}
