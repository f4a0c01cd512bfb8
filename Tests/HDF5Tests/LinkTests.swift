import Testing
import HDF5

@Test func linksAgainstLibhdf5() {
    #expect(hdf5LibraryVersion().hasPrefix("1."))
}
