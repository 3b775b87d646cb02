using RgDsl.MainJob.Models;
var m = new PowerLawTeacher();
Console.WriteLine(m.Describe());
Console.WriteLine(m.Predict(100));
var inf = new InfiniteRankMatched();
Console.WriteLine(inf.Describe());
Console.WriteLine(inf.Predict(1e5));
