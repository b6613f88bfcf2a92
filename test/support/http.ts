// Reads a fetch response body as JSON typed loosely, for assertions.
export async function json(res: Response | Promise<Response>): Promise<any> {
  return (await res).json();
}
