using TicketLab.Tests.Data;

namespace TicketLab.Tests.Store;

public class AtomicFileTests
{
    [Fact]
    public void WritesReplaceWholeFilesAndAFailedWriteLeavesTheOldOneAndNoTempFile()
    {
        using var dir = new TempDir();
        var path = dir.Combine("sub", "a.json");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second, longer");
        Assert.Equal("second, longer", File.ReadAllText(path));

        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s => { s.Write("half"u8); throw new InvalidOperationException("stop"); }));
        Assert.Equal("stop", e.Message);
        Assert.Equal("second, longer", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Combine("sub")));
    }

    [Fact]
    public void FolderSyncWorksHereAndAnUnwritablePathIsAStorageErrorNamingIt()
    {
        using var dir = new TempDir();
        AtomicFile.SyncDirectory(dir.Path); // a real fsync of a folder: must not throw on this OS
        var file = dir.Combine("plain");
        File.WriteAllText(file, "x");
        var target = Path.Combine(file, "cannot-be-under-a-file.json"); // its folder is a file
        var e = Assert.Throws<StorageException>(() => AtomicFile.WriteAllText(target, "y"));
        Assert.StartsWith($"cannot write {target}: ", e.Message);
        Assert.IsAssignableFrom<UserException>(e);
    }

    [Fact]
    public void TempFilesAreRecognisedForTheSweep()
    {
        Assert.True(AtomicFile.IsTemp("/r/levels/01/.ticket.mask.0123456789abcdef.tmp"));
        Assert.False(AtomicFile.IsTemp("/r/levels/01/ticket.mask"));
        Assert.False(AtomicFile.IsTemp("/r/notes.tmp")); // not one of ours: the sweep leaves it
    }
}
